export const handler = async (event) => {
  for (const record of event.Records) {
    console.log(JSON.stringify({ audit: record.eventName, keys: record.dynamodb.Keys }));
  }
};
