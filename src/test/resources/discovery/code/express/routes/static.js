const router = require('express').Router();
router.get('/*', serveFile);
module.exports = router;
