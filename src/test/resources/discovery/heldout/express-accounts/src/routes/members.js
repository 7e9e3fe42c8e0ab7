const { Router } = require('express');

const router = Router({ mergeParams: true });

router.get('/', (req, res) => {
  res.json(req.account.members || []);
});

router.put('/:memberId', (req, res) => {
  const members = req.account.members || (req.account.members = []);
  const idx = members.findIndex((m) => m.id === req.params.memberId);
  const member = { id: req.params.memberId, role: req.body.role };
  if (idx >= 0) members[idx] = member; else members.push(member);
  res.json(member);
});

module.exports = router;
