/**
 * The client against the client package's example server (packages/client/examples/serve.ts,
 * a small in-process relay): every case, every draft, raw QUIC and HTTP/3 WebTransport.
 */

import { describeMatrix } from "./matrix.js";
import { startExampleServer } from "./processes.js";

describeMatrix("example server", startExampleServer);
