export const handler = async () => {
  console.log(JSON.stringify({ report: 'nightly', at: new Date().toISOString() }));
};
