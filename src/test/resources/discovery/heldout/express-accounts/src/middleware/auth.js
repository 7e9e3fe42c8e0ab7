const PUBLIC_PATHS = ['/api/auth/login', '/api/ping', '/'];

function requireAuth(req, res, next) {
  if (PUBLIC_PATHS.includes(req.path)) return next();
  const header = req.get('authorization') || '';
  if (!header.startsWith('Bearer ')) {
    return res.status(401).json({ error: 'missing token' });
  }
  req.user = { id: header.slice(7) };
  return next();
}

module.exports = { requireAuth };
