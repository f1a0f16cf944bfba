/**
 * `@moqt/transport/cert`: self-signed development certificates for servers and tests.
 *
 * @module
 */

export {
	type CertificateOptions,
	certificateSha256,
	type GeneratedCertificate,
	generateCertificate,
	pemToDer,
} from "./certificate.js";
