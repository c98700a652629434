"""Awards loyalty points for every paid order that reaches the loyalty queue."""
import json

from points import award, ledger


def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            order = json.loads(record["body"])
            award(order["customerId"], order["total"])
            ledger().put_item(Item={"pk": record["messageId"], "order": order["id"]})
        except (KeyError, ValueError):
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
