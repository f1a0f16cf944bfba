/**
 * The client against the relay app (`moqt-relay`, apps/relay): every case, every draft, raw QUIC
 * and HTTP/3 WebTransport.
 */

import { describeMatrix } from "./matrix.js";
import { startRelayApp } from "./processes.js";

describeMatrix("moqt-relay", startRelayApp);
