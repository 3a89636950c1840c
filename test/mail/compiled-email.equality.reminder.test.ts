import { describeEquality } from './compiled-email.equality.ts';

// The reminder, compiled, against react-email: the corpus is in compiled-email.equality.ts.
describeEquality('cancellation reminder');
