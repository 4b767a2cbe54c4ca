import { getViteConfig } from 'astro/config';

export default getViteConfig({
  test: {
    name: 'components',
    include: ['tests/components/**/*.test.ts'],
    setupFiles: ['tests/helpers/setup-integration.ts'],
  },
});
