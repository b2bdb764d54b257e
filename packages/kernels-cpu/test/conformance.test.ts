import { describeBackend } from '@stride/conformance';
import { cpu } from '../src/index.js';

describeBackend('cpu', () => cpu());
