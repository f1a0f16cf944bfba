/**
 * Flow-control settings for both ends (draft-ietf-webtrans-http2 §4.3: SETTINGS_WT_INITIAL_MAX_DATA
 * and friends). With the library's default 16 KiB session window, client-to-server data stalls
 * after 16 KiB (its Node.js HTTP/2 path neither sends the initial settings nor a window update);
 * a 15 MiB window, the library's own auto-tuning limit, avoids that.
 *
 * @module
 */

/** Options passed to the library's server and client. */
export const FLOW_CONTROL = {
	initialSessionFlowControlWindow: 15 * 1024 * 1024,
	sessionFlowControlWindowSizeLimit: 15 * 1024 * 1024,
} as const;
