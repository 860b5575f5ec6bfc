import { useState } from 'react';
import { Box, Text } from 'ink';
import { ChoiceList } from '../components/choice-list.js';
import { DecisionTreeView } from '../components/decision-tree-view.js';
import { drawsAsTree } from '../../runbook/decision-rows.js';
import { outcomeWait } from '../../runbook/waits.js';
import type { Outcome } from '../../runbook/model.js';
import type { PendingPrompt } from '../../session/types.js';
import { TextEntry } from '../components/text-entry.js';
import { PromptFrame, innerRows, innerWidth } from './prompt-frame.js';
import { ClampedText } from '../components/clamped-text.js';
import { OutputTail } from '../components/output-tail.js';
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
      // an action before the next question is a step of its own, done before it is asked
      if (!o.node.before) return `then: ${o.node.question}`;
      return `${o.node.before} (${outcomeWait(o.node.before) ? 'a monitored wait' : 'a step to do'} first), then: ${o.node.question}`;
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

/**
 * A decision point: pick an answer (the one the data suggests is first, marked and explained),
 * then a note; an answer against the suggestion needs a one-line reason. A decision raised by a
 * step that went wrong says what raised it and the data.
 */
export function DecisionPrompt({ pending, width, height }: Props) {
  const { decision, node, suggested, taken, raised, conditions, pointed } = pending.prompt;
  const resolve = useResolveOnce(pending);
  const [answer, setAnswer] = useState<string | undefined>();
  // The data's suggestion comes first; else the answer that keeps the change safe, else the one the
  // operator went to; with none of them, the operator must pick. A question raised by a failure
  // that the data does not answer has no default: Enter, Enter must not answer "No → continue".
  const first = suggested?.answer ?? (raised ? undefined : (node.safeDefault ?? pointed));
  const judged = new Map(Object.entries(conditions ?? {}));
  const against = suggested !== undefined && answer !== undefined && answer !== suggested.answer;
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
  // a failed command's own last lines say why (at most 8 rows, half of what is free)
  const free = innerRows(height) - options.length - 4 - (raised ? 1 + Math.min(3, raised.data.length) : 0);
  const outputRows = raised?.output ? Math.min(8, Math.max(0, Math.floor(free / 2))) : 0;
  // the whole tree (the current question highlighted) when there is room beside the choices
  const treeRows = free - outputRows;
  const tree = drawsAsTree(decision) && treeRows >= 3;
  return (
    <PromptFrame title={`${raised ? 'Raised' : 'Decision'}: ${decision.title}`} tone="warning" width={width} height={height}>
      {raised ? (
        <Text color="red" wrap="truncate-end">
          {raised.reason}
        </Text>
      ) : null}
      {(raised?.data ?? []).slice(0, 3).map((line) => (
        <Text key={line} color="red" wrap="truncate-end">
          {'  '}
          {line}
        </Text>
      ))}
      {raised?.output ? <OutputTail text={raised.output} rows={outputRows} width={innerWidth(width)} /> : null}
      {tree ? <DecisionTreeView decision={decision} current={node} {...(taken ? { taken } : {})} conditions={judged} width={width - 4} maxRows={treeRows} /> : null}
      {tree ? null : <ClampedText bold text={node.question} width={innerWidth(width)} maxRows={3} />}
      {node.before && !tree ? <ClampedText text={`First: ${node.before}`} width={innerWidth(width)} maxRows={2} /> : null}
      {(tree ? [] : (node.conditions ?? [])).map((c) => (
        <Text key={c} wrap="truncate-end" {...(judged.has(c) ? { color: judged.get(c)?.holds ? 'green' : 'red' } : {})}>
          {judged.has(c) ? (judged.get(c)?.holds ? '✓' : '✗') : '•'} {c}
          {judged.has(c) ? <Text dimColor> ({judged.get(c)?.why})</Text> : null}
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
          title={`Answer: ${answer}${against ? ` (the data suggests ${suggested.answer})` : ''}`}
          label={against ? 'Reason for going against the suggestion' : 'Note (optional)'}
          {...(against ? { required: true } : {})}
          onSubmit={(note) => resolve(note ? { answer, note } : { answer })}
          onCancel={() => setAnswer(undefined)}
        />
      )}
    </PromptFrame>
  );
}
