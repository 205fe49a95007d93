import { useTranslation } from 'react-i18next';

/** Reasons the system writes are codes (`eligible`, failing requirement codes); people write words. */
const systemReasons = new Set(['eligible', 'accepted', 'validated', 'profiles complete', 'program closed', 'program discontinued']);

export function StatusReason({ event, reason }: { event: string; reason: string }) {
  const { t } = useTranslation('enrollments');
  if (event === 'eligibility_lost' && reason) {
    const list = reason
      .split(',')
      .map((code) => t(`requirementShort.${code}`, { defaultValue: code }))
      .join('; ');
    return <>{t('reasonRequirements', { list })}</>;
  }
  if (systemReasons.has(reason)) return <>—</>;
  return <>{reason}</>;
}
