// The bench's figures as a Markdown table (bench/run.mjs prints it; bench/readme.mjs puts it in the
// README between its markers). One row per line the bench printed: measured, target, met.

const number = (value) => (Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(Number(value.toFixed(2))));

/** One figure as the bench prints it: `1,234 ms`, `2.91×`. */
export function figure(value, unit) {
  return `${number(value)}${['×', '', '/s'].includes(unit) ? unit : ` ${unit}`}`;
}

/** `| what | measured | target | met |` rows for `results.lines` (those without a target say so). */
export function markdownTable(results) {
  const rows = results.lines.map((l) => {
    const target = l.limit === undefined ? 'no target' : `${l.atLeast ? '≥' : '≤'} ${figure(l.limit, l.unit)}`;
    const met = l.limit === undefined ? '' : l.met ? 'yes' : '**no**';
    return `| ${l.what} | ${figure(l.value, l.unit)} | ${target} | ${met} |`;
  });
  const machine = results.machine;
  return [
    `Measured by \`npm run bench\` on ${machine.cpus} cores, Node.js ${machine.node}, ${machine.date.slice(0, 10)}; ratios within one run.`,
    '',
    '| what | measured | target | met |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
