const router = require('express').Router();

router.get('/', listUsers);
router.get('/:userId', getUser);
router.patch('/:userId/profile', updateProfile);

module.exports = router;
