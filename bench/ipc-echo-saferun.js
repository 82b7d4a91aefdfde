// bench/ipc.js round trips: the child answers with saferun's parentChannel().handle().
import { parentChannel } from '../dist/ipc/index.js';

parentChannel().handle((payload) => payload);
