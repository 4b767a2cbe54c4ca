import {
  type ListItemKind,
  readingListItems,
  readingListSaves,
  readingLists,
  readingListTopics,
} from '#db/schema/index.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { slugify } from '#server/validation.ts';
import { DAY_MS, type DemoContext } from './context.ts';

interface DemoList {
  key: string;
  owner: string;
  title: string;
  description: string;
  topics: string[];
  updatedDaysAgo: number;
  items: [title: string, url: string, kind: ListItemKind, minutes: number, why: string][];
}

/** Real, well-known resources, each with the one line a colleague would say about it. */
export const DEMO_LISTS: DemoList[] = [
  {
    key: 'k8s-first-deploy',
    owner: 'kwame-mensah',
    title: 'Kubernetes, from zero to a first deploy',
    description:
      'What I give engineers who join the platform team. Read in order; stop after the tutorial if you only need to ship an app.',
    topics: ['Kubernetes', 'Docker'],
    updatedDaysAgo: 9,
    items: [
      [
        'Docker: Get started',
        'https://docs.docker.com/get-started/',
        'course',
        60,
        'Containers first: everything in Kubernetes builds on them.',
      ],
      [
        'Kubernetes overview',
        'https://kubernetes.io/docs/concepts/overview/',
        'article',
        20,
        'The vocabulary: pods, nodes, control plane, in twenty minutes.',
      ],
      [
        'Learn Kubernetes Basics',
        'https://kubernetes.io/docs/tutorials/kubernetes-basics/',
        'course',
        90,
        'Deploy, expose, scale and update an app on a real cluster.',
      ],
      [
        'Kubernetes the Hard Way',
        'https://github.com/kelseyhightower/kubernetes-the-hard-way',
        'repo',
        480,
        'Build a cluster by hand once, and the magic goes away.',
      ],
    ],
  },
  {
    key: 'postgres-performance',
    owner: 'priya-raghunathan',
    title: 'Postgres performance, in the right order',
    description: 'Most slow queries are a missing or unusable index. Learn to read a plan before you tune anything.',
    topics: ['PostgreSQL', 'Query optimization'],
    updatedDaysAgo: 4,
    items: [
      [
        'Using EXPLAIN',
        'https://www.postgresql.org/docs/current/using-explain.html',
        'article',
        40,
        'Reading a plan is the one skill everything else depends on.',
      ],
      [
        'Use The Index, Luke',
        'https://use-the-index-luke.com/',
        'book',
        300,
        'The clearest explanation of B-tree indexes written for developers.',
      ],
      [
        'PostgreSQL: Indexes',
        'https://www.postgresql.org/docs/current/indexes.html',
        'article',
        60,
        'Partial, expression and multicolumn indexes, straight from the source.',
      ],
      [
        'PostgreSQL: Performance Tips',
        'https://www.postgresql.org/docs/current/performance-tips.html',
        'article',
        45,
        'Statistics, planner settings and bulk loading, briefly.',
      ],
    ],
  },
  {
    key: 'bun-for-node',
    owner: 'tunde-adeyemi',
    title: 'Bun for Node.js developers',
    description:
      'I taught this to two seniors on my team. If you know Node, you are an afternoon away from being productive.',
    topics: ['Bun', 'TypeScript', 'Hono'],
    updatedDaysAgo: 2,
    items: [
      [
        'Bun quickstart',
        'https://bun.sh/docs/quickstart',
        'article',
        15,
        'Install, run a server, and see how fast the feedback loop is.',
      ],
      [
        'Bun documentation',
        'https://bun.sh/docs',
        'article',
        45,
        'Runtime, package manager, bundler and test runner in one place.',
      ],
      [
        'Hono docs',
        'https://hono.dev/docs/',
        'article',
        30,
        'A tiny web framework that runs on Bun, Node and the edge.',
      ],
      [
        'oven-sh/bun',
        'https://github.com/oven-sh/bun',
        'repo',
        20,
        'Read the issues to see what is not Node-compatible yet.',
      ],
    ],
  },
  {
    key: 'accessible-by-default',
    owner: 'aroha-ngata',
    title: 'Accessible by default',
    description: 'Accessibility is cheapest at the start. These get a team from “we should” to “we do”.',
    topics: ['Web accessibility', 'Accessibility auditing', 'Inclusive design'],
    updatedDaysAgo: 15,
    items: [
      [
        'Introduction to Web Accessibility',
        'https://www.w3.org/WAI/fundamentals/accessibility-intro/',
        'article',
        20,
        'Who is affected and why it matters, from the W3C.',
      ],
      [
        'How to Meet WCAG (Quick Reference)',
        'https://www.w3.org/WAI/WCAG22/quickref/',
        'article',
        60,
        'The criteria, filterable by role and level: keep it open while you work.',
      ],
      [
        'Inclusive Components',
        'https://inclusive-components.design/',
        'book',
        240,
        'Real components (toggles, menus, tabs) built accessibly, with the reasoning.',
      ],
      [
        'ARIA on MDN',
        'https://developer.mozilla.org/en-US/docs/Web/Accessibility/ARIA',
        'article',
        45,
        'When ARIA helps, and the many times plain HTML is better.',
      ],
    ],
  },
  {
    key: 'rust-path',
    owner: 'ruby-walsh',
    title: 'Rust: a learning path that sticks',
    description: 'The book, then exercises, then async. Do not skip the exercises.',
    topics: ['Rust', 'Tokio'],
    updatedDaysAgo: 38,
    items: [
      [
        'The Rust Programming Language',
        'https://doc.rust-lang.org/book/',
        'book',
        1200,
        'The book: ownership and borrowing explained properly.',
      ],
      [
        'Rustlings',
        'https://github.com/rust-lang/rustlings',
        'repo',
        600,
        'Small exercises that make the compiler your teacher.',
      ],
      [
        'Rust by Example',
        'https://doc.rust-lang.org/rust-by-example/',
        'book',
        480,
        'Runnable snippets for when you learn better from code.',
      ],
      ['Tokio tutorial', 'https://tokio.rs/tokio/tutorial', 'course', 180, 'Async Rust by building a mini Redis.'],
      [
        'Rust Atomics and Locks',
        'https://marabos.nl/atomics/',
        'book',
        600,
        'Concurrency from first principles, free online.',
      ],
    ],
  },
  {
    key: 'distributed-systems',
    owner: 'omar-al-farsi',
    title: 'Distributed systems for working engineers',
    description: 'What our reading group covered in a year, minus the papers nobody finished.',
    topics: ['Distributed systems', 'Event-driven architecture'],
    updatedDaysAgo: 50,
    items: [
      [
        'Notes on Distributed Systems for Young Bloods',
        'https://www.somethingsimilar.com/2013/01/14/notes-on-distributed-systems-for-young-bloods/',
        'article',
        20,
        'The hard-won rules of thumb, in one sitting.',
      ],
      [
        'Designing Data-Intensive Applications',
        'https://dataintensive.net/',
        'book',
        1500,
        'The one book to read if you read one.',
      ],
      [
        'The Raft consensus algorithm',
        'https://raft.github.io/',
        'article',
        60,
        'Consensus you can actually follow, with a visualisation.',
      ],
      [
        'Jepsen analyses',
        'https://jepsen.io/analyses',
        'article',
        120,
        'What real databases do when the network misbehaves.',
      ],
      [
        'MIT 6.5840 Distributed Systems',
        'https://pdos.csail.mit.edu/6.824/',
        'course',
        3000,
        'Lectures and labs, for when you want the full course.',
      ],
    ],
  },
  {
    key: 'testing-that-pays',
    owner: 'elena-popescu',
    title: 'Testing that pays off',
    description: 'Fewer, better tests. How to choose what to test and at which level.',
    topics: ['Test-driven development', 'Playwright', 'Property-based testing'],
    updatedDaysAgo: 21,
    items: [
      [
        'The Practical Test Pyramid',
        'https://martinfowler.com/articles/practical-test-pyramid.html',
        'article',
        60,
        'Which test goes where, with working examples.',
      ],
      [
        'Test Desiderata',
        'https://testdesiderata.com/',
        'article',
        15,
        'Twelve properties of good tests, and the trade-offs between them.',
      ],
      [
        'Playwright: Getting started',
        'https://playwright.dev/docs/intro',
        'article',
        30,
        'Browser tests that wait for things instead of sleeping.',
      ],
      [
        'fast-check',
        'https://fast-check.dev/',
        'article',
        40,
        'Property-based testing in TypeScript: let the computer find the edge cases.',
      ],
      [
        'Pact documentation',
        'https://docs.pact.io/',
        'article',
        45,
        'Contract tests between services, without a shared staging environment.',
      ],
    ],
  },
  {
    key: 'htmx-hypermedia',
    owner: 'hamza-qureshi',
    title: 'htmx: hypermedia again',
    description: 'For backend developers who want interactive pages without a front-end build.',
    topics: ['htmx', 'Django'],
    updatedDaysAgo: 12,
    items: [
      ['htmx documentation', 'https://htmx.org/docs/', 'article', 60, 'The whole library fits in one page of docs.'],
      [
        'htmx examples',
        'https://htmx.org/examples/',
        'article',
        30,
        'Copy-paste patterns: active search, infinite scroll, inline edit.',
      ],
      [
        'Hypermedia Systems',
        'https://hypermedia.systems/',
        'book',
        600,
        'Why this approach works, by the people who made htmx.',
      ],
    ],
  },
  {
    key: 'llm-tooling',
    owner: 'sneha-iyer',
    title: 'LLM tooling without the hype',
    description:
      'What I walk seniors through in reverse-mentoring sessions: local models, tools, and when not to use an agent.',
    topics: ['Large language models', 'Model Context Protocol', 'Ollama'],
    updatedDaysAgo: 3,
    items: [
      [
        'Intro to Large Language Models (Andrej Karpathy)',
        'https://www.youtube.com/watch?v=zjkBMFhNj_g',
        'video',
        60,
        'The best one-hour mental model of what an LLM is.',
      ],
      [
        'Building effective agents',
        'https://www.anthropic.com/research/building-effective-agents',
        'article',
        25,
        'Start with simple workflows; most problems do not need an agent.',
      ],
      [
        'Model Context Protocol',
        'https://modelcontextprotocol.io/',
        'article',
        40,
        'How tools and data plug into assistants, with a spec you can read.',
      ],
      [
        'ollama/ollama',
        'https://github.com/ollama/ollama',
        'repo',
        20,
        'Run open models on your laptop in two commands.',
      ],
      [
        'Hugging Face LLM Course',
        'https://huggingface.co/learn/llm-course',
        'course',
        1200,
        'The free course when you want to go below the API.',
      ],
    ],
  },
  {
    key: 'new-managers',
    owner: 'ingrid-johansson',
    title: 'Your first months as an engineering manager',
    description: 'For new managers, and for seniors deciding whether to become one.',
    topics: ['Engineering management', 'Mentoring'],
    updatedDaysAgo: 30,
    items: [
      [
        'The Manager’s Path',
        'https://www.oreilly.com/library/view/the-managers-path/9781491973882/',
        'book',
        480,
        'Every step from mentor to CTO, honestly described.',
      ],
      [
        'Resilient Management',
        'https://resilient-management.com/',
        'book',
        300,
        'Short and practical: one-on-ones, feedback, and team norms.',
      ],
      [
        'StaffEng',
        'https://staffeng.com/',
        'article',
        60,
        'The other path: what senior individual contributors actually do.',
      ],
    ],
  },
  {
    key: 'otel-observability',
    owner: 'henrik-larsen',
    title: 'Observability with OpenTelemetry',
    description: 'Traces, metrics and logs that answer questions you did not know you would ask.',
    topics: ['Observability', 'OpenTelemetry', 'Site reliability engineering'],
    updatedDaysAgo: 26,
    items: [
      [
        'OpenTelemetry documentation',
        'https://opentelemetry.io/docs/',
        'article',
        60,
        'Concepts first, then the getting-started guide for your language.',
      ],
      [
        'Prometheus overview',
        'https://prometheus.io/docs/introduction/overview/',
        'article',
        30,
        'How pull-based metrics work, and where they stop being enough.',
      ],
      [
        'Site Reliability Engineering (Google)',
        'https://sre.google/sre-book/table-of-contents/',
        'book',
        900,
        'Read the chapters on SLOs and alerting first.',
      ],
      [
        'Observability Engineering',
        'https://www.oreilly.com/library/view/observability-engineering/9781492076438/',
        'book',
        600,
        'Why high-cardinality events beat dashboards.',
      ],
    ],
  },
  {
    key: 'python-tooling',
    owner: 'arjun-mehta',
    title: 'Modern Python tooling: uv and Ruff',
    description: 'Replace five tools with two. I moved our team over in a week.',
    topics: ['Python', 'uv', 'Ruff'],
    updatedDaysAgo: 6,
    items: [
      [
        'uv documentation',
        'https://docs.astral.sh/uv/',
        'article',
        30,
        'Projects, lock files and Python versions, fast.',
      ],
      [
        'Ruff documentation',
        'https://docs.astral.sh/ruff/',
        'article',
        20,
        'A linter and formatter that runs in milliseconds.',
      ],
      [
        'Python Packaging User Guide',
        'https://packaging.python.org/',
        'article',
        60,
        'What pyproject.toml means, for when you publish a package.',
      ],
    ],
  },
  {
    key: 'threat-modeling',
    owner: 'jan-de-vries',
    title: 'Threat modeling for product teams',
    description: 'Four questions, one whiteboard, forty-five minutes. Start there.',
    topics: ['Threat modeling', 'Web security'],
    updatedDaysAgo: 44,
    items: [
      [
        'Threat Modeling Manifesto',
        'https://www.threatmodelingmanifesto.org/',
        'article',
        15,
        'The values and the four questions, agreed by practitioners.',
      ],
      [
        'OWASP Threat Modeling Cheat Sheet',
        'https://cheatsheetseries.owasp.org/cheatsheets/Threat_Modeling_Cheat_Sheet.html',
        'article',
        30,
        'A practical checklist for your first session.',
      ],
      [
        'OWASP Top 10',
        'https://owasp.org/www-project-top-ten/',
        'article',
        45,
        'The risks most web apps actually have.',
      ],
      [
        'Threat Modeling: Designing for Security',
        'https://shostack.org/books/threat-modeling-book',
        'book',
        900,
        'The reference, when you want depth.',
      ],
    ],
  },
  {
    key: 'design-systems',
    owner: 'haruka-sato',
    title: 'Design systems people actually use',
    description: 'Tokens, components and type: the parts that make a system adopted rather than imposed.',
    topics: ['Design systems', 'Design tokens', 'Typography'],
    updatedDaysAgo: 18,
    items: [
      [
        'Atomic Design',
        'https://atomicdesign.bradfrost.com/',
        'book',
        300,
        'A shared vocabulary for designers and developers.',
      ],
      [
        'Design Tokens Community Group',
        'https://www.designtokens.org/',
        'article',
        20,
        'The emerging standard for tokens across tools.',
      ],
      [
        'Practical Typography',
        'https://practicaltypography.com/',
        'book',
        240,
        'Type rules that make any interface more readable.',
      ],
    ],
  },
  {
    key: 'terraform-production',
    owner: 'marcus-johnson',
    title: 'Terraform to production',
    description: 'From the first plan to modules and state that a team can share safely.',
    topics: ['Terraform', 'OpenTofu', 'AWS'],
    updatedDaysAgo: 11,
    items: [
      [
        'Terraform tutorials',
        'https://developer.hashicorp.com/terraform/tutorials',
        'course',
        240,
        'The official path from first resource to modules.',
      ],
      [
        'Terraform: Up & Running',
        'https://www.terraformupandrunning.com/',
        'book',
        600,
        'State, modules and team workflows, explained with war stories.',
      ],
      [
        'OpenTofu documentation',
        'https://opentofu.org/docs/',
        'article',
        30,
        'The open-source fork, and what differs.',
      ],
    ],
  },
  {
    key: 'svelte-runes',
    owner: 'yuki-nakamura',
    title: 'Svelte 5 runes, quickly',
    description: 'I learned Svelte 5 in my first semester; here is the short version for people who know React.',
    topics: ['Svelte', 'Astro'],
    updatedDaysAgo: 5,
    items: [
      [
        'Svelte tutorial',
        'https://svelte.dev/tutorial',
        'course',
        120,
        'Interactive, in the browser, and it starts with runes.',
      ],
      [
        'What are runes?',
        'https://svelte.dev/docs/svelte/what-are-runes',
        'article',
        15,
        'The mental model in one page.',
      ],
      [
        'Astro documentation',
        'https://docs.astro.build/',
        'article',
        45,
        'Where Svelte islands live on mostly static sites.',
      ],
    ],
  },
];

/** Who saved which demo lists (list key → handles). */
const SAVES: Record<string, string[]> = {
  'k8s-first-deploy': ['wei-zhang', 'rahul-verma', 'sabin-shrestha', 'amara-okafor'],
  'postgres-performance': [
    'farhan-chowdhury',
    'kagiso-molefe',
    'jessica-alvarez',
    'dmytro-shevchenko',
    'oliver-bennett',
  ],
  'bun-for-node': ['amara-okafor', 'oliver-bennett', 'jamal-washington', 'diego-hernandez'],
  'llm-tooling': [
    'priya-raghunathan',
    'lukas-becker',
    'sarah-goldberg',
    'ingrid-johansson',
    'hiroshi-tanaka',
    'amara-okafor',
  ],
  'accessible-by-default': ['sophie-martin', 'layla-haddad', 'jamal-washington'],
  'rust-path': ['noah-whitehorse', 'anna-novak', 'hiroshi-tanaka'],
  'testing-that-pays': ['chidi-eze', 'nimal-perera', 'ana-lucia-quispe'],
  'new-managers': ['wei-ming-tan', 'freya-andersen'],
};

/** Demo list ids by key, for the events step. */
export const demoListIds = new Map<string, string>();

function skillId(ctx: DemoContext, name: string): number {
  const id = ctx.skillIds.get(normalizeSkillName(name));
  if (id === undefined) throw new Error(`Demo list names a skill that is not in the catalogue: ${name}`);
  return id;
}

function member(ctx: DemoContext, handle: string): string {
  const id = ctx.members.get(handle);
  if (!id) throw new Error(`Demo list names an unknown member: ${handle}`);
  return id;
}

/** Seeds ~15 reading lists by demo members, some saved by others and one adapted copy. */
export function seedDemoLists(demoId: (kind: string, key: string) => string) {
  return async (ctx: DemoContext): Promise<void> => {
    await ctx.db.transaction(async (tx) => {
      const all = [...DEMO_LISTS, copyOf(DEMO_LISTS[0]!)];
      for (const list of all) {
        const id = demoId('list', list.key);
        const updatedAt = new Date(ctx.now.getTime() - list.updatedDaysAgo * DAY_MS);
        const source = list.key.endsWith('-copy') ? demoId('list', list.key.replace(/-copy$/, '')) : null;
        await tx.insert(readingLists).values({
          id,
          slug: list.key === 'k8s-first-deploy-copy' ? 'kubernetes-for-go-developers' : slugify(list.title),
          ownerId: member(ctx, list.owner),
          title: list.title,
          description: list.description,
          copiedFromId: source,
          createdAt: new Date(updatedAt.getTime() - 3 * DAY_MS),
          updatedAt,
        });
        await tx
          .insert(readingListTopics)
          .values(list.topics.map((t, position) => ({ listId: id, skillId: skillId(ctx, t), position })));
        await tx.insert(readingListItems).values(
          list.items.map(([title, url, kind, minutes, why], position) => ({
            id: demoId('list-item', `${list.key}:${position}`),
            listId: id,
            position,
            url,
            title,
            kind,
            why,
            minutes,
            createdAt: updatedAt,
          })),
        );
        for (const handle of SAVES[list.key] ?? []) {
          await tx.insert(readingListSaves).values({ userId: member(ctx, handle), listId: id, createdAt: updatedAt });
        }
        await enqueueIndexJob(tx, 'lists', id, 'upsert', ctx.now);
        demoListIds.set(list.key, id);
      }
    });
  };
}

/** Wei adapted Kwame's list for Go developers: the "copy one into your own" feature in use. */
function copyOf(list: DemoList): DemoList {
  return {
    ...list,
    key: `${list.key}-copy`,
    owner: 'wei-zhang',
    title: 'Kubernetes for Go developers',
    description: 'Adapted from Kwame’s list: same start, then client-go, for people who will write controllers.',
    updatedDaysAgo: 7,
    items: [
      ...list.items.slice(0, 3),
      [
        'client-go',
        'https://github.com/kubernetes/client-go',
        'repo',
        90,
        'The Go client every operator and controller is built on.',
      ],
      ['Kubebuilder book', 'https://book.kubebuilder.io/', 'book', 240, 'Write your first controller step by step.'],
    ],
    topics: ['Kubernetes', 'Go'],
  };
}
