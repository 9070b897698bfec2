// The reference the benchmark measures ours against: the y-websocket server (@y/websocket-server)
// as its own server.js runs it, with the naive design of a live vote: every phone writes its vote
// straight into the shared document, and the server relays every update to every device in the
// room. Nothing is stored, checked or counted. Started by bench/run.mjs in a process of its own;
// it prints `listening on http://…` as ours does, and stops on SIGTERM.
import http from 'node:http';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

const server = http.createServer((_request, response) => {
	response.writeHead(200, { 'Content-Type': 'text/plain' });
	response.end('okay');
});
const sockets = new WebSocketServer({ noServer: true });
sockets.on('connection', (socket, request) => setupWSConnection(socket, request));
server.on('upgrade', (request, socket, head) => {
	sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
});
server.listen(0, '127.0.0.1', () => {
	console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
// Exits on SIGTERM rather than being ended by it, so a CPU profile (--cpu-prof) is written.
process.on('SIGTERM', () => process.exit(0));
