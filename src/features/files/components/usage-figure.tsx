import { formatBytes } from '../../../components/ui/format-bytes';
import { useUsage } from '../../../session/files/usage';

/** "1.2 GB of 10 GB used", with a meter, or "1.2 GB used, no quota". */
export function UsageFigure() {
  const usage = useUsage();
  if (!usage.data) return null;
  const { bytes } = usage.data.usage;
  const quota = usage.data.quota.bytes;
  const text = quota === null ? `${formatBytes(bytes)} used, no quota` : `${formatBytes(bytes)} of ${formatBytes(quota)} used`;
  return (
    <div className="fb-usage">
      <span id="fb-usage-text">Storage: {text}</span>
      {quota !== null && <meter min={0} max={quota} value={Math.min(bytes, quota)} high={quota * 0.9} aria-labelledby="fb-usage-text" />}
    </div>
  );
}
