import { Router, Request, Response } from 'express';
const router: Router = Router();

router.get('/invoices/:invoiceId(\\d+)', (req: Request, res: Response) => res.json({}));
router.all('/webhook', handleWebhook);

export default router;
