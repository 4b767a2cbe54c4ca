/*
 * A hast plugin for the guides: GitHub-style task lists ("- [ ] step") render a
 * checkbox with no label, which screen readers announce as an unnamed control. This
 * wraps each item's checkbox and text in a <label>, so the text names the box.
 */

interface Node {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: Node[];
}

const isElement = (node: Node, tag: string) => node.type === 'element' && node.tagName === tag;

function classList(node: Node): string[] {
  const value = node.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(' ') : [];
}

/** `parent` with its inline children (checkbox first) inside a label; null when it has no task checkbox. */
function labelled(parent: Node): Node | null {
  const children = parent.children ?? [];
  const first = children.find((c) => c.type === 'element');
  if (!first || !isElement(first, 'input') || first.properties?.type !== 'checkbox') return null;
  const nested = children.filter((c) => isElement(c, 'ul') || isElement(c, 'ol'));
  const inline = children.filter((c) => !nested.includes(c));
  return { ...parent, children: [{ type: 'element', tagName: 'label', properties: {}, children: inline }, ...nested] };
}

/** Labels a task-list item's checkbox, in a tight list (li > input) or a loose one (li > p > input). */
export function labelTaskItem(item: Node): Node | null {
  if (!classList(item).includes('task-list-item')) return null;
  const direct = labelled(item);
  if (direct) return direct;
  const children = item.children ?? [];
  const index = children.findIndex((c) => isElement(c, 'p'));
  const paragraph = index >= 0 ? labelled(children[index]!) : null;
  if (!paragraph) return null;
  return { ...item, children: children.map((c, i) => (i === index ? paragraph : c)) };
}

/** Sätteri hast plugin: label the checkboxes of task lists (see above). */
export const labelledTaskLists = {
  name: 'labelled-task-lists',
  element: {
    filter: ['li'],
    visit: (node: Node): Node | undefined => labelTaskItem(node) ?? undefined,
  },
};
