import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { COMMANDS } from './cli/commands.ts';
import { batchedNote, CliError, type CliIo, type CliOutput, cliOutput } from './cli/output.ts';
import { remoteOperator, RemoteError } from './operator/remote-operator.ts';
import { ConfigError } from './config.ts';
import { type NodeRuntime, openNodeRuntime, processEnvironment, serveNode } from './node.ts';
import { localOperator } from './operator/local-operator.ts';

/**
 * `canceldesk <command>`: the operator's tool. With --json a command prints exactly one JSON document
 * on stdout; everything else (progress, logs) goes to stderr. Failure: exit 1, one line on stderr.
 * `runCli` is the whole tool on the streams it is given (tests run it in process); run as a program
 * (`tsx src/cli.ts`, the bundle, the bin) this file hands it the process's own.
 */

/** Every command's usage, by name: the ones in COMMANDS and the two that live here. */
const USAGES: Record<string, string> = {
  serve: 'serve                                   start the server (applies migrations first)',
  migrate: 'migrate                                 apply pending migrations',
  ...Object.fromEntries(Object.entries(COMMANDS).map(([name, c]) => [name, c.usage])),
};

const USAGE = [
  'usage: canceldesk <command> [--json] [--url URL]',
  '  --url URL: run the command against a deployment through its admin API (needs ADMIN_TOKEN)',
  '  help [COMMAND]: what a command takes and does',
  ...Object.values(USAGES).map((usage) => `  ${usage}`),
].join('\n');

/** `canceldesk help outbox` or `help outbox list`: the usage of the commands so named. */
function helpFor(words: string[]): string {
  if (words.length === 0) return USAGE;
  const topic = words.join(' ');
  const matching = Object.entries(USAGES).filter(([name]) => name === topic || name.startsWith(`${topic} `));
  if (matching.length === 0) throw new CliError(`no command "${topic}"; see canceldesk help`);
  return ['usage: canceldesk <command> [--json] [--url URL]', ...matching.map(([, usage]) => `  ${usage}`)].join('\n');
}

/** Runs `canceldesk ...argv` on `io`; resolves to the exit code (`serve` resolves once it is listening). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const out = cliOutput(io);
  try {
    await run(argv, io, out);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) out.note(error.problems.join('\n'));
    else if (error instanceof CliError || error instanceof RemoteError) out.note(error.message);
    else out.note(`canceldesk: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function run(argv: string[], io: CliIo, out: CliOutput): Promise<void> {
  const { values: flags, positionals } = parseCommandLine(argv);
  const [first, second, third] = positionals;
  if (first === 'help') return out.say(helpFor(positionals.slice(1)));
  if (flags.help || !first) return out.say(helpFor(positionals.slice(0, 2)));

  const twoWords = commandName(positionals);
  const command = Object.hasOwn(COMMANDS, twoWords) ? COMMANDS[twoWords] : undefined;
  // Refuse an unknown command before opening (and so creating) a database.
  if (!command && first !== 'serve' && first !== 'migrate') {
    throw new CliError(`unknown command "${twoWords}"; see canceldesk help`);
  }

  if (flags.url) {
    // Against a running deployment: its admin API does the work, nothing is opened here.
    if (!command) throw new CliError(`${first} runs next to the database; it does not take --url`);
    const adminToken = io.env.ADMIN_TOKEN;
    if (!adminToken) throw new CliError('--url needs ADMIN_TOKEN in the environment (the deployment\'s admin token)');
    return command.run({ operator: remoteOperator(flags.url, adminToken, io.fetch), arg: third, rest: positionals.slice(3), flags, out, stdin: io.stdin });
  }

  const runtime = openNodeRuntime(io.env, first === 'serve' ? batchedNote(io.stderr) : out.note);
  if (first === 'serve') return serve(runtime, out);
  try {
    const applied = await runtime.migrate();
    if (first === 'migrate') {
      if (flags.json) return out.printJson({ applied });
      return out.say(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
    }
    if (applied.length) out.note(`applied migrations: ${applied.join(', ')}`);
    await command!.run({ operator: localOperator(runtime.deps), arg: third, rest: positionals.slice(3), flags, out, stdin: io.stdin });
  } finally {
    await runtime.close();
  }
}

/** The command a command line names: its first word, or its first two (`outbox list`). */
function commandName(positionals: string[]): string {
  const [first = '', second] = positionals;
  return first === 'serve' || first === 'migrate' ? first : `${first} ${second ?? ''}`.trim();
}

function parseCommandLine(args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    // An unknown option or one missing its value: one line naming the option and the command, not node's advice.
    const { positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS, strict: false });
    const command = commandName(positionals.filter((p) => typeof p === 'string'));
    const where = command ? ` for "${command}"; see canceldesk help ${command}` : '; see canceldesk help';
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    const option = /'(-{1,2}[^' <]+)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) throw new CliError(`unknown option ${option}${where}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
      throw new CliError(`${option} ${message.includes('argument missing') ? 'needs a value' : 'takes no value'}${where}`);
    }
    throw new CliError(`${message}${where}`);
  }
}

const OPTIONS = {
  json: { type: 'boolean', default: false },
  name: { type: 'string' },
  'webhook-url': { type: 'string' },
  'no-webhook': { type: 'boolean' },
  'rotate-webhook-secret': { type: 'boolean' },
  email: { type: 'string' },
  to: { type: 'string' },
  request: { type: 'string' },
  url: { type: 'string' },
  at: { type: 'string' },
  days: { type: 'string' },
  revoke: { type: 'boolean' },
  provider: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function serve(runtime: NodeRuntime, out: CliOutput): Promise<void> {
  const { deps } = runtime;
  const applied = await runtime.migrate();
  if (applied.length) out.note(`applied migrations: ${applied.join(', ')}`);
  const seed = await import('./demo/seed.ts');
  const demo = await seed.demoAtStart(deps);
  if (demo.kind === 'refused') {
    await runtime.close();
    throw new CliError(demo.problem);
  }
  await serveNode(runtime, (url) => {
    out.note(`Canceldesk listening on ${url} (${deps.config.environment}, mail via ${deps.mailer.name})`);
    if (demo.kind === 'seeded') out.note(demoBanner(seed, deps.config.publicUrl));
  });
}

type DemoSeed = typeof import('./demo/seed.ts');

function demoBanner({ DEMO_API_KEY, DEMO_CUSTOMER, DEMO_PROVIDER }: DemoSeed, publicUrl: string): string {
  const body = JSON.stringify({ provider: DEMO_PROVIDER.id, customer: DEMO_CUSTOMER, reference: 'demo-1' });
  return `
Demo provider: ${DEMO_PROVIDER.id}    Demo API key: ${DEMO_API_KEY}

Create a cancellation request:
  curl -s ${publicUrl}/api/v1/cancellation-requests \\
    -H 'Authorization: Bearer ${DEMO_API_KEY}' -H 'Content-Type: application/json' \\
    -d '${body}'

See the email it sends (with its reply link): ${publicUrl}/dev/outbox
Support console: npm run cli -- support create --email you@example.com, then ${publicUrl}/support/login
`;
}

/** As a program: the process's arguments, environment and streams; a failure exits 1 at once. */
export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), { env: processEnvironment(), stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
  if (code !== 0) process.exit(code);
}

/** Whether this module is the program node was started with (not imported by the bin or a test). */
function startedAsProgram(): boolean {
  try {
    return process.argv[1] !== undefined && pathToFileURL(realpathSync(process.argv[1])).href === import.meta.url;
  } catch {
    return false;
  }
}

if (startedAsProgram()) await main();
