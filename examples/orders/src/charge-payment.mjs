import { paymentsApiKey } from './lib/payments.mjs';

// Charges each order taken from PaymentsQueue.
export const handler = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    const apiKey = await paymentsApiKey();
    const response = await fetch(`${process.env.PAYMENTS_URL}/charges`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: order.total, currency: 'eur', customer: order.customerId }),
    });
    if (!response.ok) throw new Error(`charge for order ${order.id} failed: ${response.status}`);
  }
};
