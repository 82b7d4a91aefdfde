// bench/ipc.js round trips: the same echo with raw process.send and hand-written correlation.
process.on('message', (message) => process.send({ id: message.id, value: message.payload }));
process.send({ ready: true });
