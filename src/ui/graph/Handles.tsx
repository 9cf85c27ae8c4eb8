import { Handle, Position } from '@xyflow/react';

const SIDES = [
  ['left', Position.Left],
  ['right', Position.Right],
  ['top', Position.Top],
  ['bottom', Position.Bottom],
] as const;

/**
 * A source and a target handle on every side: the edges of the diagram pick theirs by id. `lineY` puts the
 * left and right handles at that height (the hooks' title bar) so the main lines run straight.
 */
export function Handles({ lineY }: { lineY?: number }) {
  return (
    <>
      {SIDES.map(([id, position]) => {
        const style = lineY !== undefined && (id === 'left' || id === 'right') ? { top: lineY } : undefined;
        return (
          <span key={id}>
            <Handle
              type="source"
              id={id}
              position={position}
              isConnectable={false}
              className="!opacity-0"
              style={style}
            />
            <Handle
              type="target"
              id={id}
              position={position}
              isConnectable={false}
              className="!opacity-0"
              style={style}
            />
          </span>
        );
      })}
    </>
  );
}
