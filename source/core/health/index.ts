/**
 * Health assessment: per-object health by kind, and app health from its objects. Pure.
 */
export {assessHealth, hasHealthRule} from './assess-health.js';
export {
	aggregateAppHealth,
	type AppHealthChild,
	causedBy,
	healthOf,
	ignoreHealthcheckAnnotation,
	ignoresHealthcheck,
	isMissing,
	worseHealth,
} from './app-health.js';
export {hpaConditionsAnnotation} from './hpa-health.js';
