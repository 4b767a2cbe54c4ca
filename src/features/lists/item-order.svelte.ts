import { actions } from 'astro:actions';

export interface OrderItem {
  id: string;
  title: string;
  meta: string;
}

/**
 * The order of a list's items while the owner rearranges them: moves happen at once on
 * screen, each is saved with one call, and a failed save puts the last saved order back.
 */
export class ItemOrderState {
  items = $state<OrderItem[]>([]);
  /** What a screen reader hears after a move (and everyone sees). */
  status = $state('');
  saving = $state(false);
  #saved: OrderItem[];

  constructor(
    private readonly listId: string,
    items: OrderItem[],
  ) {
    this.items = items;
    this.#saved = items;
  }

  /** Moves the item at `from` to `to` and saves the new order. */
  async move(from: number, to: number): Promise<void> {
    if (from === to || to < 0 || to >= this.items.length || from < 0 || from >= this.items.length) return;
    const next = [...this.items];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    this.items = next;
    this.status = `Moving “${moved!.title}” to position ${to + 1} of ${next.length}…`;
    this.saving = true;
    const { error } = await actions.lists.reorderItems({ listId: this.listId, itemIds: next.map((i) => i.id) });
    this.saving = false;
    if (error) {
      this.items = this.#saved;
      this.status = `Could not save the new order: ${error.message}`;
      return;
    }
    this.#saved = next;
    this.status = `Saved: “${moved!.title}” is now ${to + 1} of ${next.length}.`;
  }
}
