import * as repo from '#features/requests/requests.repo.ts';
import { zoneOfMember } from '#features/requests/requests.service.ts';
import { STATE_FILTERS, type StateFilter } from '#features/requests/requests.ts';

/* "My requests" (/requests): the ones a member sent and received. */

export interface ListMineQuery {
  role: 'all' | 'sent' | 'received';
  state: StateFilter | 'all';
  page: number;
}

const PAGE_SIZE = 25;

/** The member's requests for /requests: sent and received, filtered, one page, and how many wait for their answer. */
export async function listMyRequests(userId: string, query: ListMineQuery) {
  const [rows, waitingForMe, zone] = await Promise.all([
    repo.listForMember(userId, {
      role: query.role,
      states: query.state === 'all' ? null : STATE_FILTERS[query.state],
      limit: PAGE_SIZE + 1,
      offset: (query.page - 1) * PAGE_SIZE,
    }),
    repo.countWaitingFor(userId),
    zoneOfMember(userId),
  ]);
  return { items: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE, waitingForMe, zone };
}
