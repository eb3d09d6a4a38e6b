// Three tiers: unit (*.spec.ts, no I/O), integration (*.integration-spec.ts, real PostgreSQL and
// Redis), e2e (*.e2e-spec.ts, the booted api and worker over HTTP). TZ=UTC is set by npm test so
// the code's explicit Asia/Shanghai conversions are what is tested.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const swcJs = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022', keepClassNames: true }, module: { type: 'commonjs' }, isModule: 'unknown' },
];
const libs = ['contracts', 'config', 'database', 'core', 'queue', 'testing'];
const common = {
  rootDir: __dirname,
  // NestJS 12 and a growing tail of its dependencies ship ES modules only, and Jest on Node 20 cannot
  // require() them: SWC compiles node_modules too (isModule 'unknown' leaves CommonJS files alone).
  transform: { '^.+\\.ts$': swc, '^.+\\.m?js$': swcJs },
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: Object.fromEntries(libs.map((l) => [`^@hotline/${l}$`, `<rootDir>/libs/${l}/src/index.ts`])),
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/worker-setup.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/worker-setup.ts'],
    },
  ],
};
