/**
 * The command line: help, and every kind of usage error exiting with code 2 before anything
 * connects (the URLs point at a port nothing listens on, so a connection attempt would fail with
 * code 1 instead). In process, plus the `moqt` bin as a process for the exit codes.
 */

import { describe, expect, test } from "vitest";
import { COMMANDS } from "../src/commands/index.js";
import { run } from "../src/run.js";
import { memoryIo } from "./io.js";
import { APP, Child } from "./processes.js";

const URL = "moqt://127.0.0.1:9/moq";

async function exit(...argv: string[]) {
	const io = memoryIo();
	const code = await run(argv, io);
	return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe("help", () => {
	test("moqt --help lists every command and exits 0", async () => {
		const r = await exit("--help");
		expect(r.code).toBe(0);
		for (const name of ["sub", "pub", "fetch", "record", "play", "inspect", "bench"]) {
			expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
		}
	});

	test("moqt alone prints the help on stderr and exits 2", async () => {
		const r = await exit();
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/^Usage: moqt <command>/);
	});

	test.each(COMMANDS.map((c) => c.name))("moqt %s --help", async (name) => {
		const r = await exit(name, URL, "--help");
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(new RegExp(`^Usage: moqt ${name} `));
		// Every option the command takes is described.
		const command = COMMANDS.find((c) => c.name === name)!;
		for (const option of Object.keys(command.options)) expect(r.stdout).toContain(`--${option}`);
	});
});

describe("usage errors exit 2 with the reason and the usage line", () => {
	test.each([
		[["nope"], /unknown command "nope"/],
		[["sub"], /missing url, namespace, track/],
		[["sub", URL, "ns"], /missing track/],
		[["sub", URL, "ns", "t", "extra"], /unexpected argument "extra"/],
		[["sub", URL, "ns", "t", "--bogus"], /Unknown option '--bogus'/],
		[["sub", URL, "ns", "t", "--count"], /argument missing/],
		[["sub", URL, "ns", "t", "--count", "x"], /--count: expected a whole number, got "x"/],
		[["sub", URL, "ns", "t", "--count", "0"], /--count: 0 is not in 1/],
		[["sub", URL, "ns", "t", "--duration=-1"], /--duration: expected a number above 0, got "-1"/],
		[["sub", URL, "ns", "t", "--duration", "0"], /--duration: expected a number above 0, got "0"/],
		[["sub", URL, "ns", "t", "--filter", "all"], /--filter: "all" is not one of latest-object, next-group/],
		[["sub", URL, "ns", "t", "--draft", "15"], /--draft: 15 is not one of 14, 16, 18, 19/],
		[["sub", URL, "ns", "t", "--cert-hash", "abc"], /--cert-hash: expected 64 hex digits/],
		[["sub", URL, "ns", "t", "--transport", "tcp"], /--transport: "tcp" is not one of/],
		[["sub", "http://example.com/", "ns", "t"], /the scheme must be moqt:\/\/ .* or https:\/\//],
		[["sub", "not a url", "ns", "t"], /"not a url" is not a URL/],
		[["pub", URL, "ns", "t", "--priority", "256"], /--priority: 256 is not in 0–255/],
		[["pub", URL, "ns", "t", "--property", "x"], /--property: expected TYPE=VALUE/],
		[["pub", URL, "ns", "t", "--property", "2=text"], /--property: even type 2 takes an integer/],
		[["pub", URL, "ns", "t", "--rate", "fast"], /--rate: expected a number/],
		[["pub", URL, "ns", "t", "--linger", "x"], /--linger: expected a number/],
		[["fetch", URL, "ns", "t"], /--start G\[:O\] is required/],
		[["fetch", URL, "ns", "t", "--start", "x"], /--start: expected GROUP or GROUP:OBJECT, got "x"/],
		[["fetch", URL, "ns", "t", "--start", "3", "--end", "2"], /--end 2 comes before --start 3/],
		[["fetch", URL, "ns", "t", "--start", "3:5", "--end", "3:4"], /--end 3:4 comes before --start 3:5/],
		[["record", URL, "ns"], /missing track/],
		[["record", URL, "ns", "t"], /--out DIR is required/],
		[["play", "dir", URL, "--fast", "--realtime"], /--realtime and --fast exclude each other/],
		[["play", "dir", URL, "--rename", "justone"], /--rename: expected NAMESPACE\/TRACK/],
		[["play", "dir"], /missing url/],
		[["play", "dir", URL, "--rename", "a/b", "--namespace", "c"], /--rename and --namespace exclude each other/],
		[["inspect"], /missing recording/],
		[["inspect", "a", "b"], /unexpected argument "b"/],
		[["bench", URL, "--subscribers", "0"], /--subscribers: 0 is not in 1–100/],
	])("%j", async (argv, message) => {
		const r = await exit(...argv);
		expect(r.code, r.stderr).toBe(2);
		expect(r.stderr).toMatch(message);
		expect(r.stdout).toBe("");
		if (argv[0] !== "nope") expect(r.stderr).toMatch(/^Usage: moqt \w+ /m);
	});
});

describe("the moqt bin", () => {
	test("exits 2 on a usage error and 0 for --help", async () => {
		const bad = new Child(process.execPath, ["bin/moqt.mjs", "fetch", URL, "ns", "t"], APP);
		expect(await bad.code()).toBe(2);
		expect(bad.stderr[0]).toBe("moqt fetch: --start G[:O] is required");
		const help = new Child(process.execPath, ["bin/moqt.mjs", "--help"], APP);
		expect(await help.code()).toBe(0);
		expect(help.stdout[0]).toBe("Usage: moqt <command> [arguments] [options]");
	});

	test("exits 1 when the server cannot be reached", async () => {
		const child = new Child(process.execPath, ["bin/moqt.mjs", "sub", URL, "ns", "t", "--timeout", "2"], APP);
		expect(await child.code()).toBe(1);
		expect(child.stderr.join("\n")).toMatch(/^moqt sub: /m);
	});
});
