/** The fleet runner: many hosts at once, each with its own executor, its report handed on as it finishes. */
export { runFleet } from './run-fleet.js';
export type { ExecutorFactory, FactsFleetOptions, FleetOptionsBase, FleetResult, FleetTarget, SagaFleetOptions, SagaReport } from './options.js';
