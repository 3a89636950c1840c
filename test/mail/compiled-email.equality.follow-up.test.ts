import { describeEquality } from './compiled-email.equality.ts';

// The binding-contract follow-up, compiled, against react-email: the corpus is in compiled-email.equality.ts.
describeEquality('binding-contract follow-up');
