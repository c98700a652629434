/**
 * What a second delivery of the same event does, for each kind of side effect: worded once, so a
 * finding reads the same in every language.
 */
export const SEND = 'a redelivered message sends it again';
export const WRITE = 'a redelivered message writes a second item';
export const COUNT = 'a redelivered message counts twice';
export const PUBLISH = 'a redelivered message publishes it again';
export const ENQUEUE = 'a redelivered message enqueues it again';
export const EMIT = 'a redelivered message emits the events again';
export const INVOKE = 'a redelivered message invokes the function again';
export const TRANSACT = 'a redelivered message applies the transaction again';
export const REQUEST = 'a redelivered message sends the request again';
export const START = 'a redelivered message starts another execution';
export const CHARGE = 'a redelivered message charges or creates it again';
