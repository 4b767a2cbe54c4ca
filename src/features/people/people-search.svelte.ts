import { type PeopleSearchResponse, searchParamsOf } from './people.ts';

/** Typing pauses this long before a search goes out. */
const DEBOUNCE_MS = 250;
/** Shorter queries wait for more letters (an empty box searches everyone). */
const MIN_QUERY = 2;

/**
 * The live people search: the latest answer, and the requests that keep it in step
 * with the form. Only the newest request may update the page; older ones are aborted.
 */
export class PeopleSearch {
  response = $state<PeopleSearchResponse>() as PeopleSearchResponse;
  loading = $state(false);
  failed = $state(false);
  /** How many answers the island itself has received (0: still showing the server's). */
  answers = $state(0);

  #timer: ReturnType<typeof setTimeout> | undefined;
  #controller: AbortController | undefined;

  constructor(initial: PeopleSearchResponse) {
    this.response = initial;
  }

  /** Runs the search described by the form, now or after a typing pause. */
  schedule(params: URLSearchParams, typing: boolean): void {
    clearTimeout(this.#timer);
    const q = (params.get('q') ?? '').trim();
    if (typing && q.length > 0 && q.length < MIN_QUERY) return;
    if (typing) this.#timer = setTimeout(() => void this.run(params), DEBOUNCE_MS);
    else void this.run(params);
  }

  async run(params: URLSearchParams): Promise<boolean> {
    clearTimeout(this.#timer);
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.loading = true;
    try {
      const response = await fetch(`/api/search/people?${params}`, {
        signal: controller.signal,
        headers: { accept: 'application/json' },
      });
      if (!response.ok) throw new Error(`search answered ${response.status}`);
      const body = (await response.json()) as PeopleSearchResponse;
      if (controller.signal.aborted) return false;
      this.response = body;
      this.answers++;
      this.failed = false;
      // The address always describes what is on screen, so it can be shared or bookmarked.
      const query = searchParamsOf(body.query).toString();
      history.replaceState(history.state, '', query ? `/people?${query}` : '/people');
      return true;
    } catch (error) {
      if ((error as Error).name === 'AbortError') return false;
      this.failed = true;
      return false;
    } finally {
      if (this.#controller === controller) this.loading = false;
    }
  }
}

/** The form's fields as search parameters, empty values left out. */
export function formParams(form: HTMLFormElement, page?: number): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (typeof value === 'string' && value.trim() !== '') params.append(key, value.trim());
  }
  if (page && page > 1) params.set('page', String(page));
  return params;
}
