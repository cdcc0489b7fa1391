/**
 * Imported first by the bench, before anything loads React: the same NODE_ENV the CLI sets before
 * it loads the UI (React's development build costs several times more per frame), so the
 * in-process UI figures time what users run.
 */
process.env['NODE_ENV'] ??= 'production';
