import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));

/** Runs an ES module snippet in a fresh Node.js process (with TypeScript sources), returning its output. */
function run(code: string): Promise<{ stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			["--conditions=@moqt/source", "--import", "tsx", "--input-type=module", "--eval", code],
			{ cwd: packageRoot, timeout: 20_000 },
			(error, stdout, stderr) => (error ? reject(error) : resolve({ stdout, stderr })),
		);
	});
}

// The import must happen in a fresh process: a module cache that already holds the library would
// hide the noise this is about.
describe("loading @fails-components/webtransport", () => {
	it("prints loader errors when imported directly, unless its HTTP/3 addon is installed", async () => {
		const { stdout } = await run(`
			const addon = await import("@fails-components/webtransport-transport-http3-quiche").then(() => true, () => false);
			await (await import("@fails-components/webtransport")).quicheLoaded;
			await new Promise((resolve) => setTimeout(resolve, 10));
			process.stdout.write("addon=" + addon + "\\n");
		`);
		const addon = stdout.includes("addon=true");
		expect(stdout.includes("http3 loader:")).toBe(!addon);
	});

	it("is silent through loadFails(), and lets other output through meanwhile", async () => {
		const { stdout, stderr } = await run(`
			const { loadFails } = await import("./src/fails/library.ts");
			const loading = loadFails();
			console.log("kept");
			console.error("kept too");
			const { http3 } = await loading;
			await new Promise((resolve) => setTimeout(resolve, 10));
			console.log("http3=" + http3);
		`);
		expect(stdout).toMatch(/^kept\nhttp3=(true|false)\n$/);
		expect(stderr).toBe("kept too\n");
	});
});
