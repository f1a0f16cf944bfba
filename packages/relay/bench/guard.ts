/**
 * Preloaded (`--import`) into the relay app the benchmark starts: when the benchmark's IPC channel
 * closes (it ended, or was killed without stopping the relay), the relay gets SIGTERM and drains
 * as it would in production. The app itself is unchanged.
 *
 * @module
 */

process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
