// Legacy v0 endpoints. NOT mounted any more (see app.js); kept until the
// data migration script in scripts/ stops importing the helpers below.
const express = require('express');

const router = express.Router();

router.get('/users/:id', (req, res) => res.redirect(301, `/api/accounts/${req.params.id}`));
router.post('/users', (req, res) => res.status(410).end());

function toV1(user) {
  return { id: user.uid, name: user.displayName };
}

module.exports = router;
module.exports.toV1 = toV1;
