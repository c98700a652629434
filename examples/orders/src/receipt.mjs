export const handler = async (event) => {
  for (const record of event.Records) {
    console.log(JSON.stringify({ receipt: record.s3.object.key }));
  }
};
