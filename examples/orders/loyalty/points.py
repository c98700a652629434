"""Points balances and the ledger of orders that earned them."""
import os

import boto3

_ledger = None


def ledger():
    # Built once, on first use, and kept: not a client per invocation.
    global _ledger
    if _ledger is None:
        _ledger = boto3.resource("dynamodb").Table(os.environ["LEDGER_TABLE"])
    return _ledger


def award(customer_id, total):
    balances = boto3.resource("dynamodb").Table(os.environ["BALANCES_TABLE"])
    balances.update_item(
        Key={"customerId": customer_id},
        UpdateExpression="ADD points :earned",
        ExpressionAttributeValues={":earned": int(total // 10)},
    )
