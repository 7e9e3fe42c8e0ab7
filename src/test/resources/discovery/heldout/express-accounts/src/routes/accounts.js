const express = require('express');
const membersRouter = require('./members');
const billing = require('../clients/billing');

const router = express.Router();

const accounts = new Map();

function loadAccount(req, res, next) {
  const account = accounts.get(req.params.accountId);
  if (!account) return res.status(404).json({ error: 'account not found' });
  req.account = account;
  return next();
}

router.get('/', (req, res) => {
  res.json([...accounts.values()]);
});

router.post('/', (req, res) => {
  const id = String(accounts.size + 1);
  const account = { id, name: req.body.name, plan: req.body.plan || 'free' };
  accounts.set(id, account);
  res.status(201).location(`/api/accounts/${id}`).json(account);
});

router.get('/:accountId', loadAccount, (req, res) => {
  res.json(req.account);
});

router.delete('/:accountId', loadAccount, async (req, res) => {
  await billing.closeCustomer(req.account.id);
  accounts.delete(req.account.id);
  res.status(204).end();
});

// GET /api/accounts/:accountId/statements        -> all years
// GET /api/accounts/:accountId/statements/2023   -> a single year
router.get('/:accountId/statements/:year?', loadAccount, async (req, res) => {
  const invoices = await billing.listInvoices(req.account.id, req.params.year);
  res.json(invoices);
});

// nested router, needs mergeParams to see :accountId
router.use('/:accountId/members', loadAccount, membersRouter);

module.exports = router;
