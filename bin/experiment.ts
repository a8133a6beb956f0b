// The experiment CLI: a thin wrapper around data-loaders/cli-args.ts and the core.
//   npx tsx bin/experiment.ts --seed 0 --n 1000 --gradient 2 --noise 1 --trials 1000 \
//     --batch-sizes 1,4,16,64,256 --replacement false
//   npx tsx bin/experiment.ts --snapshot variance-v1 --seed 3 --noise 0.5 --n 1000 \
//     --batch-sizes 16 --replacement false      # recomputes that row of the published snapshot
// Exit codes: 0 success, 2 bad arguments (usage and reason on stderr), 1 other errors.
import {parseCliArgs, formatCsv, USAGE, UsageError, type RngName} from "../data-loaders/cli-args.js";
import {GENERATORS} from "../src/lib/generators.js";
import {ParameterError} from "../src/lib/validate.js";
import {reproduceCsv, SelectionError} from "../data-loaders/snapshots/reproduce.js";

async function main(argv: readonly string[]): Promise<number> {
  const cli = parseCliArgs(argv);
  if (cli.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (cli.snapshot) {
    process.stdout.write(await reproduceCsv(cli.snapshot.name, cli.snapshot.where));
    return 0;
  }
  process.stdout.write(formatCsv(GENERATORS[cli.rng].run(cli.experiment)));
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof ParameterError || error instanceof SelectionError) {
    process.stderr.write(`${USAGE}\nerror: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
