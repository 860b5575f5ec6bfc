#!/usr/bin/env node
// Writes a dense generated runbook of about BYTES bytes to stdout, for profiling the
// parser: sections of `- [ ]` items, bash blocks with `# Expected:` lines, metric tables
// and numbered step headings (about 14 steps per KB).
//   node scripts/gen-runbook.mjs 10000000 > /tmp/dense10.md
const target = Number(process.argv[2] ?? 1_000_000);
if (!Number.isFinite(target) || target <= 0) {
  process.stderr.write('usage: node scripts/gen-runbook.mjs BYTES > file.md\n');
  process.exit(2);
}
const parts = ['# Dense runbook\n\n'];
let size = parts[0].length;
for (let i = 1; size < target; i++) {
  let s = `## Section ${i}: service-${i}\n\n`;
  for (let k = 0; k < 8; k++) s += `- [ ] Check item ${k} of service-${i} on \${ENV_${k}}\n`;
  s += `\n\`\`\`bash\naz webapp show -n app-${i} -g $RG --query state -o tsv\n# Expected: Running\n\`\`\`\n\n`;
  s += `| Metric | Threshold |\n|---|---|\n| Error rate | < 1% |\n| P95 latency | < 2000ms |\n\n`;
  s += `### Step ${i}.1: deploy ${i}\n\n- [ ] deploy\n- [x] verify\n\n\`\`\`bash\ncurl -s https://x/${i}/health\n# Expected: 200\n\`\`\`\n\n`;
  parts.push(s);
  size += s.length;
}
process.stdout.write(parts.join(''));
