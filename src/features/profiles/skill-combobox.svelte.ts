import type { SkillSuggestion } from '#features/skills/skills.service.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';

/** One entry of the listbox: a catalogue skill, or "add what I typed as a new skill". */
export type ComboOption = { kind: 'skill'; suggestion: SkillSuggestion } | { kind: 'new'; name: string };

/**
 * State of the skill type-ahead (the WAI-ARIA combobox pattern): what is typed, the
 * options fetched for it, whether the list is open, and which option is active.
 */
export class SkillCombobox {
  text = $state('');
  suggestions = $state<SkillSuggestion[]>([]);
  open = $state(false);
  active = $state(-1);
  loading = $state(false);

  #timer: ReturnType<typeof setTimeout> | undefined;
  #request = 0;

  options = $derived.by((): ComboOption[] => {
    const typed = this.text.trim();
    const list: ComboOption[] = this.suggestions.map((suggestion) => ({ kind: 'skill', suggestion }));
    const normalized = normalizeSkillName(typed);
    const known = this.suggestions.some(
      (s) => normalizeSkillName(s.name) === normalized || (s.alias !== null && s.alias === normalized),
    );
    if (normalized && !known && typed.length <= 60) list.push({ kind: 'new', name: typed });
    return list;
  });

  /** Called on every keystroke: fetches suggestions shortly after typing pauses. */
  input(value: string): void {
    this.text = value;
    this.active = -1;
    clearTimeout(this.#timer);
    if (!value.trim()) {
      this.suggestions = [];
      this.open = false;
      return;
    }
    this.open = true;
    this.#timer = setTimeout(() => void this.#fetch(value), 120);
  }

  async #fetch(value: string): Promise<void> {
    const ticket = ++this.#request;
    this.loading = true;
    try {
      const response = await fetch(`/api/skills/suggest?q=${encodeURIComponent(value)}`, {
        headers: { accept: 'application/json' },
      });
      if (!response.ok) return;
      const body = (await response.json()) as { suggestions: SkillSuggestion[] };
      // Answers can arrive out of order; only the latest one counts.
      if (ticket === this.#request) this.suggestions = body.suggestions;
    } catch {
      // Offline or server trouble: the plain text still submits and the server resolves it.
    } finally {
      if (ticket === this.#request) this.loading = false;
    }
  }

  move(step: 1 | -1): void {
    if (!this.open) this.open = true;
    const count = this.options.length;
    if (count === 0) return;
    this.active = this.active < 0 ? (step === 1 ? 0 : count - 1) : (this.active + step + count) % count;
  }

  /** Takes an option into the text box and closes the list. */
  choose(index: number): void {
    const option = this.options[index];
    if (!option) return;
    this.text = option.kind === 'skill' ? option.suggestion.name : option.name;
    this.close();
  }

  close(): void {
    this.open = false;
    this.active = -1;
  }

  reset(): void {
    clearTimeout(this.#timer);
    this.#request++;
    this.text = '';
    this.suggestions = [];
    this.loading = false;
    this.close();
  }
}
