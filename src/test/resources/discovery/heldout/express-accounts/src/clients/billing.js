const axios = require('axios');

const http = axios.create({
  baseURL: process.env.BILLING_URL || 'http://billing.internal:8080',
  timeout: 5000,
});

async function listInvoices(customerId, year) {
  const params = year ? { year } : {};
  const { data } = await http.get(`/customers/${customerId}/invoices`, { params });
  return data;
}

async function closeCustomer(customerId) {
  await http.post('/customers/close', { customerId });
}

async function ping() {
  return axios.get('http://billing.internal:8080/health');
}

module.exports = { listInvoices, closeCustomer, ping };
