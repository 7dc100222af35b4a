import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo';
import { describeCompat } from './compat-suite';

let engine: EmbeddedMongo;

beforeAll(async () => {
  engine = await startEmbeddedMongo();
});

afterAll(async () => {
  await engine.stop();
});

describeCompat('embedded engine', () => engine.uri);

// The same suite against a real server, to keep the engine honest: MONGODB_URI=mongodb://… npx jest test/embedded-mongo
const realMongoUri = process.env.MONGODB_URI;
if (realMongoUri) {
  describeCompat(`real MongoDB at ${realMongoUri.replace(/\/\/[^@/]*@/, '//***@')}`, () => realMongoUri);
} else {
  describe('MongoDB compatibility: real MongoDB', () => {
    it.skip('runs only when MONGODB_URI is set', () => undefined);
  });
}
