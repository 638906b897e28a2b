// The engine's API for the page (docs/engine.md). The page passes ajaxServices() and loadForgeBackend from
// ../services; everything else is here.

export {preflightLocal, preflightKaf, canProceed} from './preflight';
export {connect, type Connection, type ConnectResult} from './connect';
export {makePlan, makeRevertPlan, selectedPlan, type PlanOptions} from './plan';
export type {EngineOptions, KafView} from './model';
export {runUpgrade, resume, rollback, revert} from './run/index';
export {checkKafUri, effectiveKafUri} from './kafuri';
export {tokenFingerprint} from './keys';
export type {Credentials} from './kaf/client';
export * from './types';
