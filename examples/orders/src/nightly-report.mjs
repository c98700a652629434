import moment from 'moment';

export const handler = async () => {
  console.log(JSON.stringify({ report: 'nightly', day: moment().subtract(1, 'day').format('YYYY-MM-DD') }));
};
