import { ButtonLink, Card } from "#app/components/ui";
import { useT } from "#app/i18n/react";

export default function Home() {
  const t = useT();
  return (
    <>
      <section className="hero">
        <div className="hero-inner">
          <div>
            <h1>{t("home.heroTitle")}</h1>
            <p>{t("home.heroBody")}</p>
            <div className="row">
              <ButtonLink to="/market">{t("home.ctaMarket")}</ButtonLink>
              <ButtonLink to="/signup" variant="secondary">{t("home.ctaSignup")}</ButtonLink>
            </div>
          </div>
        </div>
      </section>
      <div className="container">
        <div className="grid grid-3">
          <Card title={t("home.forEnterprise")}><p className="muted">{t("home.forEnterpriseBody")}</p></Card>
          <Card title={t("home.forUniversity")}><p className="muted">{t("home.forUniversityBody")}</p></Card>
          <Card title={t("home.forBank")}><p className="muted">{t("home.forBankBody")}</p></Card>
        </div>
      </div>
    </>
  );
}
