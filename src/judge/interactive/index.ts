// Interactive problems: the submission and the problem's interactor wired stdin-to-stdout both ways.
export { type Interaction } from './interaction.js';
export { INTERACTOR_JUDGES, resolveInteraction } from './resolve-interaction.js';
