import { useState } from 'react';
import { Box, Text } from 'ink';
import { ChoiceList } from '../components/choice-list.js';
import { DecisionTreeView } from '../components/decision-tree-view.js';
import { drawsAsTree } from '../../runbook/decision-rows.js';
import type { Outcome } from '../../runbook/model.js';
import type { PendingPrompt } from '../../session/types.js';
import { TextEntry } from '../components/text-entry.js';
import { PromptFrame, innerRows, innerWidth } from './prompt-frame.js';
import { ClampedText } from '../components/clamped-text.js';
import { useResolveOnce } from './resolve-once.js';

const CHOOSE = 'choose';

interface Props {
  pending: PendingPrompt<'decision'>;
  width: number;
  height: number;
}

function outcomeText(o: Outcome): string {
  switch (o.kind) {
    case 'question':
      return `then: ${o.node.question}`;
    case 'action':
      return o.target ? `${o.text} (goes to ${o.target.title})` : o.text;
    case 'continue':
      return o.text ?? 'continue';
    default: {
      const never: never = o;
      return never;
    }
  }
}

/** A decision point: pick an answer (the suggested one is marked and explained), then an optional note. */
export function DecisionPrompt({ pending, width, height }: Props) {
  const { decision, node, suggested, taken } = pending.prompt;
  const resolve = useResolveOnce(pending);
  const [answer, setAnswer] = useState<string | undefined>();
  // The highlighted answer is the one that keeps the change safe; with none, the operator must pick.
  const first = node.safeDefault ?? suggested?.answer;
  const indexed = node.answers.map((a, i) => ({
    label: `${a.label}${suggested?.answer === a.label ? ' (suggested)' : ''} → ${a.stop ? 'STOP: ' : ''}${outcomeText(a.outcome)}`,
    value: String(i),
    first: first !== undefined && a.label === first,
  }));
  const options = [
    ...(first === undefined ? [{ label: '(choose an answer)', value: CHOOSE }] : []),
    ...indexed.filter((o) => o.first),
    ...indexed.filter((o) => !o.first),
  ].map(({ label, value }) => ({ label, value }));
  // the whole tree (the current question highlighted) when there is room beside the choices
  const treeRows = innerRows(height) - options.length - 4;
  const tree = drawsAsTree(decision) && treeRows >= 3;
  return (
    <PromptFrame title={`Decision: ${decision.title}`} tone="warning" width={width} height={height}>
      {tree ? <DecisionTreeView decision={decision} current={node} {...(taken ? { taken } : {})} width={width - 4} maxRows={treeRows} /> : null}
      {tree ? null : <ClampedText bold text={node.question} width={innerWidth(width)} maxRows={3} />}
      {node.before && !tree ? <ClampedText text={`First: ${node.before}`} width={innerWidth(width)} maxRows={2} /> : null}
      {(tree ? [] : (node.conditions ?? [])).map((c) => (
        <Text key={c} wrap="truncate-end">
          • {c}
        </Text>
      ))}
      {suggested ? (
        <Text color="green" wrap="truncate-end">
          Suggested: {suggested.answer} ({suggested.why})
        </Text>
      ) : null}
      {answer === undefined ? (
        <Box flexDirection="column">
          <ChoiceList
            options={options}
            visibleOptionCount={Math.max(1, Math.min(options.length, innerRows(height) - 3))}
            onChange={(v) => {
              if (v !== CHOOSE) setAnswer(node.answers[Number(v)]?.label);
            }}
          />
          <Text dimColor>↑↓ choose · Enter answer</Text>
        </Box>
      ) : (
        <TextEntry
          title={`Answer: ${answer}`}
          label="Note (optional)"
          onSubmit={(note) => resolve(note ? { answer, note } : { answer })}
          onCancel={() => setAnswer(undefined)}
        />
      )}
    </PromptFrame>
  );
}
