// Loopback stand-in for the three vendor APIs that refuses every request with HTTP 401 and a body shaped
// like that vendor's own error, so record.sh can capture the real CLIs' "bad credentials" path offline.
// The bodies are made up here in each vendor's format; the CLIs' reactions to them are what is recorded.
//   node stub-401.js PORT
const http = require('http');

const bodies = {
  anthropic: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
  openai: {
    error: { message: 'Incorrect API key provided: sk-stub.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
  },
  google: { error: { code: 401, message: 'API key not valid. Please pass a valid API key.', status: 'UNAUTHENTICATED' } },
};

function vendorOf(path) {
  if (path.startsWith('/v1/messages')) return 'anthropic';
  if (path.startsWith('/v1beta/') || path.startsWith('/v1/models/')) return 'google';
  return 'openai';
}

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const body = JSON.stringify(bodies[vendorOf(request.url)]);
    process.stdout.write(`${request.method} ${request.url}\n`);
    response.writeHead(401, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});
// Codex first tries a WebSocket upgrade; refuse it the same way.
server.on('upgrade', (request, socket) => {
  const body = JSON.stringify(bodies[vendorOf(request.url)]);
  process.stdout.write(`UPGRADE ${request.url}\n`);
  socket.end(
    `HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
});
server.listen(Number(process.argv[2]), '127.0.0.1');
